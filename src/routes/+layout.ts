// The notebook page runs the model in web workers and keeps drafts in IndexedDB. Its route
// (notebooks/[name]) is rendered on the server as well, so the first paint is the list and the
// notebook's title, prose and cells as text, charts pending (issue 14: the page was white for
// 3–4 s on a cold load); runs and drafts start in the browser only (the session has no runner
// and no drafts on the server, and opens in onMount). Other pages (`/`, which redirects in the
// browser, and errors) render in the browser, behind the static shell of app.html. The list of
// notebooks is loaded by +layout.server.ts, so it is there in both cases.
export const ssr = false;
