// Extra job types for a worker, from modules named in RUDO_JOB_MODULES (comma-separated paths or
// package names). Each module's default export is a job definition or an array of them
// (defineJob). This is how the chaos suite gives real worker processes a test-only job type
// without adding it to production, and how an extension can add a type without a schema change
// (jobs.type is text).
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JobDefinition, JobRegistry } from './registry.ts';
import { JOB_TYPE_PATTERN } from './types.ts';

export class JobModuleError extends Error {
	override name = 'JobModuleError';
}

/**
 * Imports each module and returns its definitions as a registry. Throws JobModuleError naming the
 * module when it cannot be loaded or exports something that is not a definition, and when two
 * modules (or a module and `base`) define the same type.
 */
export async function loadJobModules(specifiers: string[], base: JobRegistry = {}): Promise<JobRegistry> {
	const registry: JobRegistry = { ...base };
	for (const specifier of specifiers.map((s) => s.trim()).filter(Boolean)) {
		// A file that exists (relative to the working directory, or absolute) is a path; anything
		// else is a package name.
		const url = isAbsolute(specifier) || existsSync(resolve(specifier)) ? pathToFileURL(resolve(specifier)).href : specifier;
		let exported: unknown;
		try {
			exported = ((await import(url)) as { default?: unknown }).default;
		} catch (error) {
			throw new JobModuleError(`Could not load job module ${specifier}: ${(error as Error).message}`, { cause: error });
		}
		const definitions = Array.isArray(exported) ? exported : [exported];
		for (const definition of definitions as Partial<JobDefinition>[]) {
			if (!definition || typeof definition.type !== 'string' || typeof definition.handler !== 'function' || !definition.payload) {
				throw new JobModuleError(`Job module ${specifier} must export (as default) a job definition or an array of them, made with defineJob()`);
			}
			if (!JOB_TYPE_PATTERN.test(definition.type)) throw new JobModuleError(`Job module ${specifier}: "${definition.type}" is not a valid job type (UPPER_SNAKE_CASE)`);
			if (registry[definition.type]) throw new JobModuleError(`Job module ${specifier} defines ${definition.type}, which is already registered`);
			registry[definition.type] = definition as JobDefinition;
		}
	}
	return registry;
}
