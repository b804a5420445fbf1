using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Runs;

/// <summary>
/// One silver row group while the run reads: its encoded event column chunks are bronze's (<paramref name="Bytes"/>
/// bytes at <paramref name="BronzeOffset"/> of <paramref name="BronzeFile"/>, chunk offsets relative to that), and
/// each row's user id and event time in microseconds (raw little-endian longs) are at <paramref name="SpoolOffset"/>
/// of the day's spool file: they give the row its session start when the run is done.
/// </summary>
internal sealed record SpooledRowGroup(string BronzeFile, long BronzeOffset, int Bytes, long SpoolOffset, int Rows, ColumnChunkMeta[] Chunks);
