export { DOCTOR_CHECKS, runDoctor, type CheckResult, type CheckStatus, type DoctorCheck, type DoctorContext } from './checks.js';
export { formatDoctorReport } from './doctor-report.js';
