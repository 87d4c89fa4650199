export { createCarepassLms } from './carepass-lms.js';
export type { CarepassLmsOptions, CredentialStore, LmsCourse, LmsLearner, StatusListStore, TrainingAssignment } from './carepass-lms.js';
export { memoryCredentialStore, memoryStatusListStore } from './memory-stores.js';
