CREATE TABLE `approvals` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`event` text NOT NULL,
	`tool` text NOT NULL,
	`input` text NOT NULL,
	`summary` text NOT NULL,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`decided_at` text,
	`decided_by` text,
	`reason` text,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "approvals_status_check" CHECK("approvals"."status" IN ('pending', 'approved', 'denied', 'timeout', 'cancelled'))
);
--> statement-breakpoint
CREATE INDEX `approvals_status_idx` ON `approvals` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `approvals_session_idx` ON `approvals` (`session_id`);--> statement-breakpoint
CREATE TABLE `policy_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`action` text NOT NULL,
	`tool` text NOT NULL,
	`input` text,
	`cwd` text,
	`scope` text NOT NULL,
	`provider` text,
	`session_id` text,
	`priority` integer DEFAULT 0 NOT NULL,
	`reason` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "policy_rules_action_check" CHECK("policy_rules"."action" IN ('allow', 'deny', 'ask')),
	CONSTRAINT "policy_rules_scope_check" CHECK("policy_rules"."scope" IN ('global', 'provider', 'session'))
);
--> statement-breakpoint
CREATE INDEX `policy_rules_priority_idx` ON `policy_rules` (`priority`);--> statement-breakpoint
CREATE TABLE `tool_uses` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text,
	`provider` text NOT NULL,
	`tool` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `tool_uses_at_idx` ON `tool_uses` (`at`);--> statement-breakpoint
CREATE TABLE `transcript_cursors` (
	`path` text PRIMARY KEY NOT NULL,
	`session_id` text,
	`provider` text NOT NULL,
	`offset` integer DEFAULT 0 NOT NULL,
	`state` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `usage_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text,
	`provider` text NOT NULL,
	`model` text NOT NULL,
	`message_id` text NOT NULL,
	`request_id` text DEFAULT '' NOT NULL,
	`at` text NOT NULL,
	`input_tokens` integer NOT NULL,
	`output_tokens` integer NOT NULL,
	`cache_creation_input_tokens` integer NOT NULL,
	`cache_read_input_tokens` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `usage_messages_unique` ON `usage_messages` (`provider`,`message_id`,`request_id`);--> statement-breakpoint
CREATE INDEX `usage_messages_at_idx` ON `usage_messages` (`at`);--> statement-breakpoint
CREATE INDEX `usage_messages_session_idx` ON `usage_messages` (`session_id`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `provider_session_id` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `model` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `agent_state` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `agent_state_reason` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `agent_state_at` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `hook_secret_hash` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `transcript_path` text;--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_hook_secret_hash_unique` ON `sessions` (`hook_secret_hash`);