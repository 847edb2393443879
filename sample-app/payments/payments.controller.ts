import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ChargeRequest, PaymentsService } from './payments.service';

@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Post('charge')
  @HttpCode(200)
  charge(@Body() request: ChargeRequest) {
    return this.payments.charge(request);
  }
}
