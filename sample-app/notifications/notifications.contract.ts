import { Transport } from '@nestjs/microservices';

/** The event orders emits once an order is paid. */
export const ORDER_PLACED = 'order.placed';

/** Nest's TCP transport on 127.0.0.1:`port`: no broker to install for the demo. */
export function notificationsTcp(port: number): { transport: Transport.TCP; options: { host: string; port: number } } {
  return { transport: Transport.TCP, options: { host: '127.0.0.1', port } };
}
