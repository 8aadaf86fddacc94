import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FpnClient, MemoryKeystore } from '@fpn/client';
import {
  gql,
  GraphqlTestClient,
  signInTestAccount,
  type TestAccount,
  type TestApp,
  totpCodeNow,
} from '@fpn/testing';

export const ISSUE = gql<
  { issueApiCredential: { credential: { id: string }; secret: string } },
  { operations: string[] }
>`
  mutation ($operations: [ApiOperation!]!) {
    issueApiCredential(
      input: {
        name: "Customs case system"
        memberStateCode: "KZ"
        networkKeys: ["law-enforcement"]
        operations: $operations
      }
    ) {
      credential {
        id
      }
      secret
    }
  }
`;
export const BIND = gql<
  { bindApiCredentialDevice: { deviceId: string } },
  { id: string; c: object }
>`
  mutation ($id: ID!, $c: DeviceCertificateInput!) {
    bindApiCredentialDevice(apiCredentialId: $id, certificate: $c) {
      deviceId
    }
  }
`;
export const REGISTER = gql<
  { registerWebhook: { webhook: { id: string; url: string }; secret: string } },
  { url: string }
>`
  mutation ($url: String!) {
    registerWebhook(url: $url) {
      webhook {
        id
        url
      }
      secret
    }
  }
`;
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A ministry system's receiver: records each POST and answers `status`. */
export async function receiver() {
  const posts: Received[] = [];
  const state = { status: 200 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      posts.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = state.status;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    posts,
    state,
    url: `http://127.0.0.1:${port}/hook`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A KZ coordinator's ministry system (MESSAGES_READ, WEBHOOKS_MANAGE in
 * law-enforcement) with its own device keys, which the coordinator's identity
 * key certifies — set up with the SDK, as a ministry would.
 */
export async function ministrySystem(app: TestApp, coordinator: TestAccount) {
  const coordinatorSdk = await FpnClient.create({
    serverUrl: app.url,
    keystore: new MemoryKeystore(),
    now: () => app.clock.now(),
  });
  app.clock.advance(30_000);
  await coordinatorSdk.login({
    email: coordinator.email,
    password: coordinator.password,
    totpCode: await totpCodeNow(app, coordinator.totpSecret!),
  });
  await coordinatorSdk.keys.init();
  const coordinatorClient = (await signInTestAccount(app, coordinator)).client;
  const { issueApiCredential } = await coordinatorClient.query(ISSUE, {
    operations: ['MESSAGES_READ', 'WEBHOOKS_MANAGE'],
  });
  const systemSdk = await FpnClient.create({
    serverUrl: app.url,
    keystore: new MemoryKeystore(),
    apiCredential: issueApiCredential.secret,
    now: () => app.clock.now(),
  });
  const request = await systemSdk.keys.initMinistrySystem();
  await coordinatorSdk.keys.certifyMinistrySystem(request);
  return {
    systemSdk,
    systemDeviceId: request.deviceId,
    system: new GraphqlTestClient(`${app.url}/graphql`).asBearer(issueApiCredential.secret),
  };
}
