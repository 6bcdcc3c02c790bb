import { plugin } from '@strata/backend-cpu';
import { describeConformance } from '../vitest.js';

// The cpu backend's conformance test lives here, not in @strata/backend-cpu: the kit already depends on cpu as
// its reference, and a dependency back would be a cycle. cpu is checked against the outputs recorded on it.
describeConformance(plugin);
