// `GET /wallet`: a small page that runs the wallet story in a browser against this service. An LMS
// offers a credential (its QR code, for the worker's wallet, and the transaction code to send
// another way); a new employer asks for the worker's credentials (another QR code) and watches the
// answer arrive as a recognition report. The QR codes are shown as images (never inserted as
// markup), and the page loads nothing but its own script and style (a strict Content Security Policy).
import type { Hono } from 'hono';

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const PAGE = `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Carepass: into the wallet and back</title>
<link rel="stylesheet" href="wallet.css">
<script src="wallet.js" defer></script>
</head>
<body>
<h1>Into the worker's wallet and back</h1>
<p>Access token (the issue scope; leave empty if the service runs without authentication): <input id="token" type="password" autocomplete="off"></p>
<section>
  <h2>1. The LMS offers a credential</h2>
  <p><label>Competency <input id="competency" value="care-certificate@2025#12"></label> <button id="offer">Offer it</button></p>
  <div id="offer-result" hidden>
    <img id="offer-qr" alt="QR code of the credential offer" width="240" height="240">
    <p>Transaction code, to send the worker by another channel: <strong id="offer-code"></strong></p>
    <p class="uri" id="offer-uri"></p>
  </div>
</section>
<section>
  <h2>2. A new employer asks for the worker's credentials</h2>
  <p><label>Assess against <input id="target" value="care-certificate@2025"></label> <button id="request">Ask the wallet</button></p>
  <div id="request-result" hidden>
    <img id="request-qr" alt="QR code of the presentation request" width="240" height="240">
    <p class="uri" id="request-uri"></p>
    <p>Answer: <strong id="request-status">waiting for the wallet…</strong></p>
    <ul id="report"></ul>
  </div>
</section>
<p id="error" role="alert"></p>
</body>
</html>
`;

const STYLE = `body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 48rem; padding: 0 1rem; }
section { border-top: 1px solid #ccc; margin-top: 1.5rem; }
.uri { font-family: monospace; font-size: 0.75rem; word-break: break-all; color: #555; }
#error { color: #a00; }
`;

const SCRIPT = `'use strict';
const $ = (id) => document.getElementById(id);
const headers = () => ({ 'content-type': 'application/json', ...($('token').value ? { authorization: 'Bearer ' + $('token').value } : {}) });
const qr = (svg) => 'data:image/svg+xml;base64,' + btoa(unescape(encodeURIComponent(svg)));
async function post(path, body) {
  const response = await fetch(path, { method: 'POST', headers: headers(), body: JSON.stringify(body) });
  const json = await response.json();
  if (!response.ok) throw new Error(json.detail || json.title || ('HTTP ' + response.status));
  return json;
}
function failed(error) { $('error').textContent = String(error.message || error); }
$('offer').addEventListener('click', () => {
  $('error').textContent = '';
  post('offers', { achievement: { competency: $('competency').value } }).then((offer) => {
    $('offer-qr').src = qr(offer.qrSvg);
    $('offer-code').textContent = offer.txCode;
    $('offer-uri').textContent = offer.offerUri;
    $('offer-result').hidden = false;
  }, failed);
});
$('request').addEventListener('click', () => {
  $('error').textContent = '';
  post('presentation-requests', { target: $('target').value }).then((request) => {
    $('request-qr').src = qr(request.qrSvg);
    $('request-uri').textContent = request.requestUri;
    $('request-status').textContent = 'waiting for the wallet…';
    $('report').replaceChildren();
    $('request-result').hidden = false;
    const poll = async () => {
      const response = await fetch('presentation-requests/' + encodeURIComponent(request.state), { headers: headers() });
      const outcome = await response.json();
      if (outcome.status === 'pending') return void setTimeout(poll, 1000);
      $('request-status').textContent = outcome.status === 'verified' ? 'verified: presented by ' + outcome.holder : 'refused: ' + outcome.reason;
      for (const standard of (outcome.report && outcome.report.standards) || []) {
        const item = document.createElement('li');
        item.textContent = standard.code + ' ' + standard.title + ': ' + standard.status.replace(/-/g, ' ');
        $('report').append(item);
      }
    };
    poll().catch(failed);
  }, failed);
});
`;

/** Adds `GET /wallet` (the page), `/wallet.js` and `/wallet.css` to the service. */
export function mountWalletPage(app: Hono): void {
  const secure = { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
  app.get('/wallet', (c) => c.body(PAGE, 200, { ...secure, 'content-type': 'text/html; charset=utf-8' }));
  app.get('/wallet.js', (c) => c.body(SCRIPT, 200, { ...secure, 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/wallet.css', (c) => c.body(STYLE, 200, { ...secure, 'content-type': 'text/css; charset=utf-8' }));
}
