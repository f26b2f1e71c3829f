/**
 * Every URL the UI uses is relative to the page's base, so a server started with a base path
 * (e.g. /mail/) serves the UI, the API, the HTML views and the WebSocket under it.
 */

function appBase(): URL {
  const base = new URL(document.baseURI);
  base.hash = '';
  base.search = '';
  // A page opened as http://user:pass@host/ has them in its base; fetch() refuses such URLs, and
  // the browser sends the credentials it cached for the page anyway.
  base.username = '';
  base.password = '';
  return base;
}

/** `path` is relative, without a leading slash: `api/v1/messages`. */
export function appUrl(path: string): string {
  return new URL(path, appBase()).href;
}

export function eventsUrl(): string {
  const url = new URL('api/events', appBase());
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

const id = encodeURIComponent;

export const messageUrls = {
  html: (ID: string, remote: boolean) => appUrl(`view/${id(ID)}.html${remote ? '?remote=1' : ''}`),
  raw: (ID: string) => appUrl(`api/v1/message/${id(ID)}/raw`),
  download: (ID: string) => appUrl(`api/v1/message/${id(ID)}/raw?dl=1`),
  part: (ID: string, PartID: string) => appUrl(`api/v1/message/${id(ID)}/part/${id(PartID)}`),
  thumb: (ID: string, PartID: string) => appUrl(`api/v1/message/${id(ID)}/part/${id(PartID)}/thumb`),
};
