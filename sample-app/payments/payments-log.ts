import pino from 'pino';
import { pinoTracing } from 'nestjs-tracing';

/**
 * Payments logs with pino (the other services with Nest's `Logger`); `pinoTracing()` puts the
 * trace and span ids on its lines. Silent until `main.ts` turns it on, so tests stay quiet.
 */
export const paymentsLog = pino({ ...pinoTracing(), base: { service: 'payments' }, timestamp: false, level: 'silent' });
