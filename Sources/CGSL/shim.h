#ifndef LYAPSIM_CGSL_SHIM_H
#define LYAPSIM_CGSL_SHIM_H
// The parts of GSL that lyapsim uses. Generator types are looked up by name
// through gsl_rng_types_setup(), never through GSL's global type variables,
// which Swift 6 strict concurrency rejects as shared mutable state.
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_result.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_cdf.h>
#endif
