// The gzip source. Private to the library.
#pragma once

#include <memory>
#include <string_view>

#include "fd_file.h"
#include "hitlog/byte_source.h"

namespace hitlog {

// Decompresses every gzip member of file. head holds the bytes already read from the file
// (its start, peeked to recognise the magic) and is decompressed first.
// REQUIRES: head.size() <= 256 KiB.
std::unique_ptr<ByteSource> open_gzip_source(FdFile file, std::string_view head);

}  // namespace hitlog
