import { Inject, Injectable, Logged, resolve } from './container';

@Injectable('clock')
class Clock {
  async tick(ms: number): Promise<number> {
    await new Promise((r) => setTimeout(r, ms));
    return ms;
  }
}

@Injectable('repo')
class Repository {
  constructor(@Inject('clock') private readonly clock: Clock) {}

  @Logged('repo')
  async find(id: number): Promise<{ id: number }> {
    await this.clock.tick(2);
    return { id };
  }
}

@Injectable('service')
class Service {
  constructor(@Inject('repo') private readonly repo: Repository, @Inject('clock') readonly clock: Clock) {}

  async both(): Promise<number[]> {
    const found = await Promise.all([this.repo.find(1), this.repo.find(2)]);
    return found.map((f) => f.id);
  }
}

resolve<Service>('service').both().then((ids) => console.log('ids', ids, Service.name, Repository.name));
