/** HTML error pages as a reverse proxy (nginx) in front of Infisical answers them. */
import { STATUS_CODES } from 'node:http'

export function nginxErrorPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`
  return (
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n` +
    `<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
  )
}

export const HTML_CONTENT_TYPE = 'text/html'

/**
 * The web front end's 404 page, as the 2024 standalone image (Next.js inside the backend,
 * `server/plugins/external-nextjs.ts`, until ~2025-01) answered any unmatched URL, `/api/...` too.
 */
export function nextJsNotFoundPage(): string {
  return (
    '<!DOCTYPE html><html><head><meta charSet="utf-8"/><meta name="viewport" content="width=device-width"/>' +
    '<title>404: This page could not be found</title><meta name="next-head-count" content="3"/></head>' +
    '<body><div id="__next"><div style="font-family:system-ui,&quot;Segoe UI&quot;,Roboto,Helvetica,Arial,sans-serif;height:100vh;text-align:center;display:flex;flex-direction:column;align-items:center;justify-content:center">' +
    '<div><h1 class="next-error-h1" style="display:inline-block;margin:0 20px 0 0;padding:0 23px 0 0;font-size:24px;font-weight:500;vertical-align:top;line-height:49px">404</h1>' +
    '<div style="display:inline-block"><h2 style="font-size:14px;font-weight:400;line-height:49px;margin:0">This page could not be found.</h2></div></div></div></div>' +
    '<script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":{"statusCode":404}},"page":"/_error","query":{},"buildId":"infisical","nextExport":true,"isFallback":false,"gip":true,"scriptLoader":[]}</script>' +
    '</body></html>'
  )
}

export const NEXT_HTML_CONTENT_TYPE = 'text/html; charset=utf-8'
