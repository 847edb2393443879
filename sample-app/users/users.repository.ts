import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { SpanAttribute, Traced } from 'nestjs-tracing';
import { USERS_DATABASE } from './users-database';

export interface User {
  id: string;
  name: string;
  active: boolean;
}

/** Users in PostgreSQL; the `pg` driver's own span, `SELECT users`, is a child of `findById`. */
@Injectable()
export class UsersRepository {
  constructor(@Inject(USERS_DATABASE) private readonly pool: Pool) {}

  @Traced()
  async findById(@SpanAttribute('user.id') id: string): Promise<User | undefined> {
    const result = await this.pool.query<User>('SELECT id, name, active FROM users WHERE id = $1', [id]);
    return result.rows[0];
  }
}
