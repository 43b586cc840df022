/**
 * Server-sent events as the OpenAI-compatible servers send them: `data: <json>` lines, a
 * blank line between events, `data: [DONE]` last. Yields each event's data (multi-line data
 * joined by "\n"), comments and other fields skipped. Ends when the body ends; a body that
 * ends without [DONE] is for the caller to judge (a server killed mid-stream).
 */
export async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      if (line === '') {
        if (data.length) yield data.join('\n');
        data = [];
      } else if (line.startsWith('data:')) {
        data.push(line.slice(5).replace(/^ /, ''));
      }
    }
  }
  // Whole lines of an event the body ended without its blank line; a half line (a server
  // killed mid-write) is dropped, never parsed.
  if (data.length) yield data.join('\n');
}
