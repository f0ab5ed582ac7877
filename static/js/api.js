// POSTs to the server's own endpoints carrying the CSRF token that Flask-WTF checks in the
// X-CSRFToken header. The body goes as JSON unless `type` names another content type (a
// camera frame); other options (cache) go on to fetch as they are.
export function postWithToken(url, body, token, { type = "application/json", ...options } = {}) {
  return fetch(url, {
    ...options,
    method: "POST",
    headers: { "Content-Type": type, "X-CSRFToken": token },
    body: type === "application/json" ? JSON.stringify(body) : body,
  });
}
