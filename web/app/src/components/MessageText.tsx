import { messageParts } from "../message-links.ts";

/**
 * A plain-text message with its URLs as links, built as elements (never markup from the text): each link shows
 * its own target, opens in a new tab without telling it where it came from, and is laid out left to right in
 * its own bidirectional isolate (dir), so a direction override written around it cannot reverse how it reads.
 */
export function MessageText({ text }: { text: string }) {
  return (
    <>
      {messageParts(text).map((part, index) =>
        "href" in part ? (
          <a key={index} href={part.href} target="_blank" rel="noopener noreferrer nofollow" dir="ltr">
            {part.shown}
          </a>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
