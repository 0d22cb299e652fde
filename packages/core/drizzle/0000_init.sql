CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `session_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`at` text NOT NULL,
	`type` text NOT NULL,
	`data` text,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `session_events_session_id_idx` ON `session_events` (`session_id`,`id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`command` text NOT NULL,
	`cwd` text NOT NULL,
	`cols` integer NOT NULL,
	`rows` integer NOT NULL,
	`status` text NOT NULL,
	`pid` integer,
	`exit_code` integer,
	`signal` text,
	`created_at` text NOT NULL,
	`ended_at` text,
	`last_activity_at` text,
	`output_bytes` integer DEFAULT 0 NOT NULL,
	`provider` text,
	`stop_requested` integer DEFAULT false NOT NULL,
	CONSTRAINT "sessions_status_check" CHECK("sessions"."status" IN ('running', 'exited', 'failed', 'stopped')),
	CONSTRAINT "sessions_stop_requested_check" CHECK("sessions"."stop_requested" IN (0, 1))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_name_unique` ON `sessions` (`name`);--> statement-breakpoint
CREATE INDEX `sessions_created_at_idx` ON `sessions` (`created_at`);