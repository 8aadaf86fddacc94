import { MemberStateEntity } from './member-states/member-state.entity';
import { NetworkEntity } from './networks/network.entity';

/** Every table this library owns; the database library registers them. */
export const DIRECTORY_ENTITIES = [MemberStateEntity, NetworkEntity];
