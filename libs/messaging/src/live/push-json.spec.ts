import {
  expandSharedJson,
  sendExpandingSharedJson,
  serialiseOnce,
  sharedJsonReplacer,
  type TextSocket,
} from './push-json';

/** A push as graphql-ws writes it, through a socket whose send expands shared JSON. */
function socket() {
  const written: unknown[] = [];
  const sockets: TextSocket = { send: (data: unknown) => written.push(data) };
  sendExpandingSharedJson(sockets);
  const push = (id: string, payload: unknown) =>
    sockets.send(JSON.stringify({ id, type: 'next', payload }, sharedJsonReplacer));
  return { written, push, sockets };
}

/** A message whose serialisation is counted (JSON.stringify reads the getter once per time). */
function countedMessage() {
  const counted = { reads: 0 };
  const message = {
    id: 'm-1',
    get envelope() {
      counted.reads += 1;
      return 'ciphertext "quoted" \u2028 and \\ escaped';
    },
    attachments: [{ id: 'a', size: 3 }],
  };
  return { message, counted };
}

describe('shared push JSON', () => {
  it('writes each push exactly as JSON.stringify would, the shared object serialised once', () => {
    const { message, counted } = countedMessage();
    serialiseOnce(message);
    const { written, push } = socket();
    for (const [id, cursor] of [
      ['1', 'c-a'],
      ['2', 'c-b'],
      ['3', 'c-c'],
    ]) {
      push(id, { data: { messageReceived: { cursor, message } } });
    }
    expect(counted.reads).toBe(1);
    const plain = (id: string, cursor: string) =>
      JSON.stringify({
        id,
        type: 'next',
        payload: { data: { messageReceived: { cursor, message: { ...message } } } },
      });
    expect(written).toEqual([plain('1', 'c-a'), plain('2', 'c-b'), plain('3', 'c-c')]);
    expect(JSON.parse(written[1] as string).payload.data.messageReceived.message.envelope).toBe(
      'ciphertext "quoted" \u2028 and \\ escaped',
    );
  });

  it('serialises an unmarked object every time, as before', () => {
    const { message, counted } = countedMessage();
    const { push } = socket();
    push('1', { data: { messageReceived: { cursor: 'a', message } } });
    push('2', { data: { messageReceived: { cursor: 'b', message } } });
    expect(counted.reads).toBe(2);
  });

  it('leaves text that imitates a token as the sender wrote it', () => {
    const message = serialiseOnce({ id: 'm-2' });
    const { written, push } = socket();
    const forged = '\u0000shared-json:000000000000000000000000:0';
    push('1', { data: { messageReceived: { cursor: forged, message } } });
    expect(JSON.parse(written[0] as string).payload.data.messageReceived).toEqual({
      cursor: forged,
      message: { id: 'm-2' },
    });
  });

  it('a push serialised for a socket that had closed leaves nothing in the next one', () => {
    const message = serialiseOnce({ id: 'm-3' });
    const other = serialiseOnce({ id: 'm-4' });
    // Serialised, never sent (graphql-ws's adapter skips a closed socket's send).
    JSON.stringify({ payload: { data: { item: { message } } } }, sharedJsonReplacer);
    const { written, push } = socket();
    push('9', { data: { item: { message: other } } });
    expect(JSON.parse(written[0] as string).payload.data.item.message).toEqual({ id: 'm-4' });
    expect(expandSharedJson('{"unchanged":true}')).toBe('{"unchanged":true}');
  });

  it('hands the socket everything else as it came: binary data, options, callbacks', () => {
    const calls: unknown[][] = [];
    const raw: TextSocket = { send: (...args: unknown[]) => calls.push(args) };
    sendExpandingSharedJson(raw);
    const done = () => undefined;
    const bytes = Buffer.from('x');
    raw.send(bytes, done);
    raw.send('{"a":1}', { binary: false }, done);
    expect(calls).toEqual([
      [bytes, done],
      ['{"a":1}', { binary: false }, done],
    ]);
  });
});
