export { NO_FAULTS, type FaultContext, type FaultDecision, type FaultPolicy, type SmtpStage } from './policy.js';
export { ChaosError, type ChaosTrigger, type ChaosTriggers } from './chaos.js';
export { Faults, type FaultsOptions } from './faults.js';
export { FaultRule, FaultRuleError, parseRule, parseRules } from './rule-schema.js';
export { MAX_RULES } from './rules.js';
