export { WorkflowsModule, WorkflowsWorkerModule } from './workflows.module';
export { PDF_FONTS } from './documents/fonts';
