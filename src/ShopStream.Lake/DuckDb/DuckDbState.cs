namespace ShopStream.Lake.DuckDb;

/// <summary>duckdb_state: what every fallible C API call returns.</summary>
internal enum DuckDbState
{
    Success = 0,
    Error = 1,
}
