import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { SpanAttribute, Traced } from 'nestjs-tracing';
import { User, UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(private readonly repository: UsersRepository) {}

  @Traced()
  async validate(@SpanAttribute('user.id') id: string): Promise<User> {
    const user = await this.repository.findById(id);
    if (!user) throw new NotFoundException(`no user ${id}`);
    if (!user.active) throw new ForbiddenException(`user ${id} is not active`);
    return user;
  }
}
