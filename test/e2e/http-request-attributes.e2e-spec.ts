import { All, Controller } from '@nestjs/common';
import { request } from 'node:http';
import { PLATFORMS, RunningApp, startApp } from '../support/http-apps';

@Controller('stock')
class StockController {
  @All()
  any() {
    return 'ok';
  }
}

/** A request with the method and Host header given, which fetch would not send as they are. */
function send(url: string, method: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${url}/stock`, { method, headers: { host } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe.each(PLATFORMS)('HTTP request attributes on %s', (platform) => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp(platform, { controllers: [StockController] });
  });
  afterAll(() => running.app.close());
  beforeEach(() => running.exporter.reset());

  it('names a method the conventions do not know _OTHER and keeps the original', async () => {
    // Fastify routes no PURGE, even for @All(): its request is a 404, traced all the same.
    expect(await send(running.url, 'PURGE', 'cache.internal')).toBe(platform === 'express' ? 200 : 404);
    const server = await running.exporter.waitFor((span) => span.attributes['url.path'] === '/stock');
    expect(server.name).toBe(platform === 'express' ? '_OTHER /stock' : '_OTHER');
    expect(server.attributes).toMatchObject({ 'http.request.method': '_OTHER', 'http.request.method_original': 'PURGE' });
    expect(server.attributes['server.address']).toBe('cache.internal');
    expect(server.attributes).not.toHaveProperty(['server.port']);
  });

  it('records a known method as it is, without the original, and an IPv6 Host without its brackets', async () => {
    expect(await send(running.url, 'delete', '[::1]:8443')).toBe(200);
    const server = await running.exporter.waitFor((span) => span.attributes['url.path'] === '/stock');
    expect(server.name).toBe('DELETE /stock');
    expect(server.attributes).toMatchObject({ 'http.request.method': 'DELETE', 'server.address': '::1', 'server.port': 8443 });
    expect(server.attributes).not.toHaveProperty(['http.request.method_original']);
  });
});
