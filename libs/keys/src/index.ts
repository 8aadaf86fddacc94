export * from './device.entity';
export * from './entities';
export * from './identity-key-change.entity';
export * from './identity-key.entity';
export * from './key-directory.models';
export * from './key-directory.resolver';
export * from './key-directory.service';
export * from './keys.module';
