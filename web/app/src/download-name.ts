/** The name the server gave the file (`filename*=UTF-8''…`, else `filename="…"`), which a blob's address loses. */
export function savedName(disposition: string | null): string | undefined {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? "")?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // Not valid percent-encoding: the plain name below, if any.
    }
  }
  return /filename="([^"]*)"/i.exec(disposition ?? "")?.[1];
}
