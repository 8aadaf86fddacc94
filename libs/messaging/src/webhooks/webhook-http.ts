import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { Injectable } from '@nestjs/common';
import type { CheckedTarget } from './webhook-targets';

/** A POST that took too long (WEBHOOK_TIMEOUT_MS). */
export class WebhookTimeoutError extends Error {
  override readonly name = 'WebhookTimeoutError';
  readonly code = 'TIMEOUT';
}

/**
 * The one place a webhook POST leaves the server. It connects to an address
 * already checked (`checkWebhookTarget`), never resolving the name again, while
 * TLS still verifies the certificate for the host name. Redirects are not
 * followed: a 3xx is a failed attempt.
 */
@Injectable()
export class WebhookHttp {
  /** Returns the response status; the body is read and dropped. */
  post(
    target: CheckedTarget,
    headers: Record<string, string>,
    body: string,
    timeoutMs: number,
  ): Promise<number> {
    const [pinned] = target.addresses;
    const lookup: LookupFunction = (_hostname, options, callback) => {
      if (options.all) callback(null, [pinned]);
      else callback(null, pinned.address, pinned.family);
    };
    const transport = target.url.protocol === 'https:' ? https : http;
    return new Promise<number>((resolve, reject) => {
      const request = transport.request(
        target.url,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          lookup,
          agent: false,
          ...(isIP(target.hostname) ? {} : { servername: target.hostname }),
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.on('error', reject);
        },
      );
      const timer = setTimeout(() => request.destroy(new WebhookTimeoutError()), timeoutMs);
      request.on('close', () => clearTimeout(timer));
      request.on('error', reject);
      request.end(body);
    });
  }
}
