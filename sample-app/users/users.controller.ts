import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { UsersService } from './users.service';

@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post(':id/validate')
  @HttpCode(200)
  async validate(@Param('id') id: string) {
    const user = await this.users.validate(id);
    return { id: user.id, name: user.name };
  }
}
