/** The unread count on the tab: in the title, e.g. "(3) mailsink", and as a badge on the icon. */

const SIZE = 64;
let iconLink: HTMLLinkElement | null = null;
let staticIcon: { href: string; type: string } | null = null;
let lastDrawn = -1;
// A server CSP without `img-src data:` refuses the drawn icon: then go back to the static one.
let refused = false;
document.addEventListener('securitypolicyviolation', (event) => {
  if (refused || !(event.blockedURI === 'data' || event.blockedURI.startsWith('data:'))) return;
  refused = true;
  if (iconLink && staticIcon) {
    iconLink.type = staticIcon.type;
    iconLink.href = staticIcon.href;
  }
});

function drawIcon(unread: number): string | null {
  const canvas = document.createElement('canvas');
  canvas.width = SIZE;
  canvas.height = SIZE;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  // The envelope.
  ctx.fillStyle = '#2f6fed';
  ctx.beginPath();
  ctx.roundRect(2, 12, 60, 42, 8);
  ctx.fill();
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 5;
  ctx.lineJoin = 'round';
  ctx.beginPath();
  ctx.moveTo(10, 20);
  ctx.lineTo(32, 37);
  ctx.lineTo(54, 20);
  ctx.stroke();
  if (unread > 0) {
    const text = unread > 99 ? '99+' : String(unread);
    ctx.font = `bold ${text.length > 2 ? 22 : 28}px sans-serif`;
    const width = Math.max(34, ctx.measureText(text).width + 14);
    ctx.fillStyle = '#e0245e';
    ctx.beginPath();
    ctx.roundRect(SIZE - width, 0, width, 34, 17);
    ctx.fill();
    ctx.fillStyle = '#ffffff';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, SIZE - width / 2, 18);
  }
  return canvas.toDataURL('image/png');
}

export function showUnread(unread: number, label: string): void {
  const name = label ? `${label} · mailsink` : 'mailsink';
  document.title = unread > 0 ? `(${unread}) ${name}` : name;
  if (refused || unread === lastDrawn) return;
  lastDrawn = unread;
  const href = drawIcon(unread);
  if (!href) return;
  if (!iconLink) {
    iconLink = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (iconLink) staticIcon = { href: iconLink.href, type: iconLink.type };
  }
  if (!iconLink) {
    iconLink = document.createElement('link');
    iconLink.rel = 'icon';
    document.head.append(iconLink);
  }
  iconLink.type = 'image/png';
  iconLink.href = href;
}
