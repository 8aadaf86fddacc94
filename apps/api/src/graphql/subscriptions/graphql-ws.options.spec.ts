import { getOperationAST, parse } from 'graphql';
import { AcceptedDocuments, servedOnSocket } from './graphql-ws.options';

const operation = (text: string) => getOperationAST(parse(text));

describe('what the socket serves', () => {
  it('serves subscriptions, and a device’s inbox and confirmDelivery', () => {
    expect(
      servedOnSocket(operation('subscription { messageReceived(deviceId: "d") { cursor } }')),
    ).toBe(true);
    expect(servedOnSocket(operation('{ inbox(deviceId: "d") { endCursor } __typename }'))).toBe(
      true,
    );
    expect(
      servedOnSocket(operation('mutation { confirmDelivery(deviceId: "d", upTo: "c") }')),
    ).toBe(true);
  });

  it('sends everything else to HTTP, including a fragment hiding another field', () => {
    expect(servedOnSocket(operation('{ threads { endCursor } }'))).toBe(false);
    expect(
      servedOnSocket(operation('mutation { confirmDelivery(deviceId: "d", upTo: "c") logout }')),
    ).toBe(false);
    expect(servedOnSocket(operation('{ ...on Query { threads { endCursor } } }'))).toBe(false);
    expect(servedOnSocket(null)).toBe(false);
  });
});

describe('AcceptedDocuments', () => {
  it('keeps at most its count, dropping the oldest, and nothing too long', () => {
    const documents = new AcceptedDocuments(2, 40);
    const document = parse('{ __typename }');
    documents.remember('a', document);
    documents.remember('b', document);
    documents.remember('c', document);
    expect([documents.get('a'), documents.get('b'), documents.get('c')]).toEqual([
      undefined,
      document,
      document,
    ]);
    documents.remember('x'.repeat(41), document);
    expect(documents.get('x'.repeat(41))).toBeUndefined();
  });
});
