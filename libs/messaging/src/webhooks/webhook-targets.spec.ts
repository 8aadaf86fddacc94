import {
  checkWebhookTarget,
  isPublicAddress,
  type ResolvedAddress,
  WebhookTargetError,
} from './webhook-targets';

const resolvingTo =
  (...addresses: string[]) =>
  async (): Promise<ResolvedAddress[]> =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

const refusal = async (raw: string, resolve = resolvingTo('93.184.216.34')) => {
  try {
    await checkWebhookTarget(raw, { allowPrivateTargets: false, resolve });
    return null;
  } catch (error) {
    return (error as WebhookTargetError).reason;
  }
};

describe('webhook targets', () => {
  it.each([
    '127.0.0.1',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    'fc00::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::10.0.0.1',
    '2001:db8::1',
    'ff02::1',
  ])('counts %s as not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'counts %s as public',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );

  it('refuses private literals, http, credentials and names that resolve to any private address', async () => {
    expect(await refusal('https://10.0.0.1/x')).toBe('PRIVATE_TARGET');
    expect(await refusal('https://[::1]/')).toBe('PRIVATE_TARGET');
    expect(await refusal('https://hooks.example/', resolvingTo('127.0.0.1'))).toBe(
      'PRIVATE_TARGET',
    );
    expect(await refusal('https://hooks.example/', resolvingTo('93.184.216.34', '10.1.1.1'))).toBe(
      'PRIVATE_TARGET',
    );
    expect(await refusal('http://hooks.example/')).toBe('HTTPS_REQUIRED');
    expect(await refusal('ftp://hooks.example/')).toBe('HTTPS_REQUIRED');
    expect(await refusal('https://user:pw@hooks.example/')).toBe('CREDENTIALS_IN_URL');
    expect(await refusal('not a url')).toBe('INVALID_URL');
    expect(
      await refusal('https://nowhere.example/', async () => {
        throw new Error('ENOTFOUND');
      }),
    ).toBe('UNRESOLVABLE_HOST');
    expect(await refusal('https://hooks.example/in')).toBeNull();
  });

  it('allows http and local receivers only under the test override', async () => {
    const checked = await checkWebhookTarget('http://127.0.0.1:4000/hook', {
      allowPrivateTargets: true,
      resolve: resolvingTo(),
    });
    expect(checked.addresses).toEqual([{ address: '127.0.0.1', family: 4 }]);
  });
});
