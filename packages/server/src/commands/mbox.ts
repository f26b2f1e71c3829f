/**
 * Splits an mbox file into messages as it streams in. A message starts at a "From " line at the
 * top of the file or after an empty line; that line is the mbox's, not the message's. ">From "
 * lines are unquoted once (mboxrd, which also reads mboxo files correctly in practice), and the
 * empty line mbox puts between messages is dropped.
 */
const FROM_ = Buffer.from('From ');

/** True when the bytes start like an mbox file. */
export function looksLikeMbox(head: Buffer): boolean {
  return head.subarray(0, FROM_.length).equals(FROM_);
}

function isEmptyLine(line: Buffer): boolean {
  return line.length === 1 ? line[0] === 0x0a : line.length === 2 && line[0] === 0x0d && line[1] === 0x0a;
}

/** `>From `, `>>From `, …: one level of quoting is removed. */
function unquote(line: Buffer): Buffer {
  if (line[0] !== 0x3e) return line;
  let i = 0;
  while (line[i] === 0x3e) i++;
  return line.subarray(i, i + FROM_.length).equals(FROM_) ? line.subarray(1) : line;
}

async function* lines(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of chunks) {
    const data = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let lf = data.indexOf(0x0a); lf >= 0; lf = data.indexOf(0x0a, start)) {
      yield data.subarray(start, lf + 1);
      start = lf + 1;
    }
    rest = Buffer.from(data.subarray(start));
  }
  if (rest.length) yield rest;
}

/** Each message of the mbox, in order. Bytes before the first "From " line are ignored. */
export async function* mboxMessages(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let message: Buffer[] | undefined;
  let previousEmpty = true;
  const finish = (parts: Buffer[]): Buffer => {
    const last = parts[parts.length - 1];
    if (last && isEmptyLine(last)) parts.pop();
    return Buffer.concat(parts);
  };
  for await (const line of lines(chunks)) {
    if (previousEmpty && line.subarray(0, FROM_.length).equals(FROM_)) {
      if (message) yield finish(message);
      message = [];
      previousEmpty = false;
      continue;
    }
    previousEmpty = isEmptyLine(line);
    message?.push(unquote(line));
  }
  if (message) yield finish(message);
}
