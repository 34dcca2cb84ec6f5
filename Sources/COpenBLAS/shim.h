#ifndef VERNIER_COPENBLAS_SHIM_H
#define VERNIER_COPENBLAS_SHIM_H

// CBLAS as shipped by Debian's libopenblas-dev (pkg-config `openblas` puts its directory first).
#include <cblas.h>

// The LAPACK routines Vernier calls, declared with their Fortran ABI (column-major, every argument by
// pointer, hidden string lengths omitted as LAPACK's own LAPACKE does for single-character arguments).
// Debian's libopenblas0 exports them; Debian ships no lapacke.h for OpenBLAS, so they are declared here.

/// Cholesky factorisation of a symmetric positive-definite matrix (LAPACK dpotrf).
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info);
/// Solve A X = B with the Cholesky factor from dpotrf (LAPACK dpotrs).
void dpotrs_(const char *uplo, const int *n, const int *nrhs, const double *a, const int *lda,
             double *b, const int *ldb, int *info);
/// Inverse of a symmetric positive-definite matrix from its dpotrf factor (LAPACK dpotri).
void dpotri_(const char *uplo, const int *n, double *a, const int *lda, int *info);
/// Triangular solve with a Cholesky factor (LAPACK dtrtrs).
void dtrtrs_(const char *uplo, const char *trans, const char *diag, const int *n, const int *nrhs,
             const double *a, const int *lda, double *b, const int *ldb, int *info);
/// Singular value decomposition (LAPACK dgesvd).
void dgesvd_(const char *jobu, const char *jobvt, const int *m, const int *n, double *a, const int *lda,
             double *s, double *u, const int *ldu, double *vt, const int *ldvt, double *work,
             const int *lwork, int *info);
/// LU factorisation with partial pivoting (LAPACK dgetrf).
void dgetrf_(const int *m, const int *n, double *a, const int *lda, int *ipiv, int *info);
/// Solve A X = B with the LU factors from dgetrf (LAPACK dgetrs).
void dgetrs_(const char *trans, const int *n, const int *nrhs, const double *a, const int *lda,
             const int *ipiv, double *b, const int *ldb, int *info);
/// QR factorisation (LAPACK dgeqrf), used for orthogonal initialisation.
void dgeqrf_(const int *m, const int *n, double *a, const int *lda, double *tau, double *work,
             const int *lwork, int *info);
/// Forms Q explicitly from dgeqrf's reflectors (LAPACK dorgqr).
void dorgqr_(const int *m, const int *n, const int *k, double *a, const int *lda, const double *tau,
             double *work, const int *lwork, int *info);

#endif
