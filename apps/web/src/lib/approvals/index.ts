export { ApprovalLedger } from './approval-ledger';
export { badgedTitle } from './badged-title';
export { timeLeft } from './countdown';
export { decideApproval, type DecideApi, type DecideOutcome, type Decision } from './decide-approval';
