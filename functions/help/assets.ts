/** The help center's only stylesheet and script, served from the same origin (the CSP allows nothing else). */
export const HELP_CSS = `
:root { font: 16px/1.55 system-ui, sans-serif; color: #1d2330; background: #f6f7f9; }
body { margin: 0; }
header { display: flex; justify-content: space-between; padding: 0.75rem 1.25rem; background: #fff; border-bottom: 1px solid #d9dde5; }
header a { font-weight: 600; color: #1d2330; }
main { max-width: 46rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
a { color: #2357c6; }
:focus-visible { outline: 3px solid #2357c6; outline-offset: 2px; }
search form { display: flex; gap: 0.5rem; flex-wrap: wrap; align-items: end; margin: 1rem 0; }
search label { width: 100%; }
input, button { font: inherit; padding: 0.4rem 0.6rem; border: 1px solid #c5cad4; border-radius: 6px; }
input { flex: 1; }
button { background: #fff; cursor: pointer; }
article { background: #fff; border: 1px solid #d9dde5; border-radius: 10px; padding: 1rem 1.5rem; }
article img { max-width: 100%; }
.results p { margin: 0.2rem 0 1rem; color: #4b5363; }
.feedback fieldset { border: 1px solid #d9dde5; border-radius: 8px; margin-top: 1rem; }
#close-request { margin-top: 1rem; }
#csat fieldset { border: 0; padding: 0; margin: 0 0 0.5rem; }
#csat legend h1 { margin-bottom: 0.5rem; }
#csat label { display: block; margin: 0.4rem 0; }
#csat textarea { display: block; width: 100%; box-sizing: border-box; font: inherit; margin-bottom: 0.75rem; }
`;

/**
 * On an article opened from an acknowledgement (`#ticket=<id>&token=<portal token>`), offers to close the request
 * ("this solved it"); the token never leaves the browser except to the desk's own API.
 */
export const HELP_JS = `
const box = document.getElementById("close-request");
const params = new URLSearchParams(location.hash.slice(1));
const ticket = params.get("ticket"), token = params.get("token");
if (box && ticket && token) {
  box.hidden = false;
  box.querySelector("button").addEventListener("click", async () => {
    const response = await fetch("/api/portal/tickets/" + encodeURIComponent(ticket) + "/close", {
      method: "POST",
      headers: { authorization: "Bearer " + token, "content-type": "application/json" },
      body: JSON.stringify({ articleId: box.dataset.article }),
    });
    if (response.ok) {
      const done = document.createElement("p");
      done.setAttribute("role", "status");
      done.textContent = box.dataset.closed;
      box.replaceChildren(done);
    }
  });
}
`;
