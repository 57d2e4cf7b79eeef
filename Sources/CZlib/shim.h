#ifndef LYAPSIM_CZLIB_SHIM_H
#define LYAPSIM_CZLIB_SHIM_H
// The parts of zlib that lyapsim uses: gzopen, gzread, gzerror and friends,
// to read the gzip-compressed IDX files of Fashion-MNIST.
#include <zlib.h>
#endif
