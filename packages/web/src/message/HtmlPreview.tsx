/**
 * The HTML body, in an iframe sandboxed WITHOUT allow-scripts (and without allow-same-origin):
 * scripts, event handlers and javascript: links in the mail cannot run. The server renders
 * /view/{ID}.html under its own CSP that blocks remote content unless `?remote=1`.
 */
import { useState } from 'react';
import { messageUrls } from '../api';
import { hasRemoteContent } from './remoteContent';

const WIDTHS = [
  { name: 'Mobile', width: '375px' },
  { name: 'Tablet', width: '768px' },
  { name: 'Desktop', width: '100%' },
] as const;

export function HtmlPreview({ id, html }: { id: string; html: string }) {
  const [remote, setRemote] = useState(false);
  const [width, setWidth] = useState<(typeof WIDTHS)[number]['name']>('Desktop');
  const blocked = !remote && hasRemoteContent(html);
  return (
    <div className="html-preview">
      <div className="preview-toolbar">
        <div role="group" aria-label="Preview width" className="button-group">
          {WIDTHS.map((w) => (
            <button key={w.name} type="button" aria-pressed={width === w.name} onClick={() => setWidth(w.name)}>
              {w.name}
            </button>
          ))}
        </div>
        {blocked && (
          <p className="remote-notice">
            Remote content is blocked.{' '}
            <button type="button" onClick={() => setRemote(true)}>Show remote content</button>
          </p>
        )}
      </div>
      <div className="preview-stage">
        <iframe
          key={remote ? 'remote' : 'local'}
          title="HTML body"
          src={messageUrls.html(id, remote)}
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          referrerPolicy="no-referrer"
          style={{ width: WIDTHS.find((w) => w.name === width)?.width }}
        />
      </div>
    </div>
  );
}
