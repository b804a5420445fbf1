using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Runs;

/// <summary>
/// One silver row group in a day's spool file: its encoded event column chunks (<paramref name="Bytes"/> bytes at
/// <paramref name="Offset"/>, chunk offsets relative to that), then each row's user id and event time in microseconds
/// (raw little-endian longs), which give the row its session start when the run is done.
/// </summary>
internal sealed record SpooledRowGroup(long Offset, int Bytes, int Rows, ColumnChunkMeta[] Chunks);
