/// Hands the heap's free pages back to the system after a rebuild. glibc's malloc keeps an arena per thread that
/// allocated; a rebuild that runs on another pool thread than the previous one grows a second arena while the first
/// still holds the previous rebuild's freed pages, so the process's peak became the sum of two rebuilds (the graph's
/// peak at 100,000 resources was 1.7 GiB in one run, 2.8 GiB in the next with the same code).
enum MemoryTrim {
    static func release() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }
}

#if os(Linux)
/// `int malloc_trim(size_t pad)` from <malloc.h>, which the Glibc module does not export.
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
