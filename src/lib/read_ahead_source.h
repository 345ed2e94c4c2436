// Reading ahead on a second thread, so that inflating (or reading) the next bytes overlaps
// with splitting and parsing the current ones. Private to the library.
#pragma once

#include <memory>

#include "hitlog/byte_source.h"

namespace hitlog {

// Wraps inner in a source whose first read() starts one thread that reads inner into a small
// ring of large buffers, allocated once and recycled; read() copies out of them. The result,
// like any ByteSource, is used from one thread; inner is only touched by the reading thread
// once reading has started.
//
// - raw_offset() is inner's offset after the last buffer handed out in full: never past the
//   bytes handed out, and inner's final offset at the end of input or at an error.
// - An exception from inner (InputError, std::bad_alloc) is rethrown by read() once every byte
//   read before it has been handed out.
// - skip() before the first read() is inner's skip() (a plain file seeks).
// - Destroying it stops the thread and waits for it: at once when the thread waits for a free
//   buffer, after its current inner read otherwise (on a pipe, until the writer writes or
//   closes).
std::unique_ptr<ByteSource> read_ahead(std::unique_ptr<ByteSource> inner);

}  // namespace hitlog
