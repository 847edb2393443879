import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { PAYMENTS_SERVICE, type ChargeRequest } from './payments.contract';
import { PaymentsService } from './payments.service';

/** `shop.v1.Payments` over Nest's gRPC transport. */
@Controller()
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @GrpcMethod(PAYMENTS_SERVICE, 'Charge')
  charge(request: ChargeRequest) {
    return this.payments.charge(request);
  }
}
