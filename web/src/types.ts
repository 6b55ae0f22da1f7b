/** The API's answers and live events the console reads: defined once in src/contracts, shared with the server. */
export type {
  Allocation,
  Assignment,
  AssignmentStatus,
  DryRun,
  ImportJob,
  ImportProblem,
  Need,
  NeedStatus,
  Page,
  Resource,
  Role,
  Station,
  StationReport,
  Suggestion,
  SurveyTemplate,
  Urgency,
  User,
} from '../../src/contracts/views';
export type { EventType, WireEvent } from '../../src/contracts/events';
