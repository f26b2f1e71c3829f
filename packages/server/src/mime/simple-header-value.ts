/** A structured header value: the part before the first ";" and its parameters (names lower case). */
export interface HeaderValueParams {
  value: string;
  params: Record<string, string>;
}

/** A media type, a disposition token, or nothing. */
const HEAD = /[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+|[A-Za-z0-9!#$&^_.+-]*/y;
/** `; name=token` or `; name="quoted"`: no RFC 2231 `*`, no escapes, no comments. */
const PARAM = /[ \t]*;[ \t]*([A-Za-z0-9][A-Za-z0-9_.-]*)[ \t]*=[ \t]*(?:"([^"\\\r\n]*)"|([A-Za-z0-9._+/=:-]+))/y;
const END = /[ \t]*;?[ \t]*$/y;

/**
 * A Content-Type or Content-Disposition value of the everyday kind, read as libmime's
 * parseHeaderValue (with stripComments) reads it, which walks it character by character;
 * undefined for anything else, which the caller gives to libmime. A test holds the two together.
 */
export function simpleHeaderValue(text: string): HeaderValueParams | undefined {
  HEAD.lastIndex = 0;
  const head = HEAD.exec(text)!;
  const params: Record<string, string> = {};
  let at = HEAD.lastIndex;
  for (;;) {
    PARAM.lastIndex = at;
    const param = PARAM.exec(text);
    if (!param) break;
    const name = param[1]!.toLowerCase();
    // As libmime: a parameter given twice keeps its first value.
    if (!Object.hasOwn(params, name)) params[name] = param[2] ?? param[3]!;
    at = PARAM.lastIndex;
  }
  END.lastIndex = at;
  return END.test(text) ? { value: head[0], params } : undefined;
}
