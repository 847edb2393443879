import { Controller, Get, Res } from '@nestjs/common';
import { PLATFORMS, RunningApp, startApp } from '../support/http-apps';

@Controller('session')
class SessionController {
  @Get()
  open(@Res({ passthrough: true }) response: { header(name: string, value: string | string[]): void }) {
    response.header('x-request-id', 'req-42');
    response.header('x-served-by', ['edge-1', 'edge-2']);
    response.header('cache-control', 'no-store');
    response.header('set-cookie', 'session=secret');
    return { ok: true };
  }
}

describe.each(PLATFORMS)('http.responseHeaders on %s', (platform) => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp(
      platform,
      { controllers: [SessionController] },
      { http: { responseHeaders: ['X-Request-Id', 'x-served-by', 'x-absent', 'set-cookie'] } },
    );
  });
  afterAll(() => running.app.close());

  it('records the listed response headers, case-insensitively, as arrays; never set-cookie, nor what is not listed', async () => {
    const response = await fetch(`${running.url}/session`);
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toBe('session=secret');
    const server = await running.exporter.waitFor('GET /session');
    const recorded = Object.entries(server.attributes).filter(([key]) => key.startsWith('http.response.header.'));
    expect(Object.fromEntries(recorded)).toEqual({
      'http.response.header.x-request-id': ['req-42'],
      'http.response.header.x-served-by': ['edge-1', 'edge-2'],
    });
  });
});
