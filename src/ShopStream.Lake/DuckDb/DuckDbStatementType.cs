namespace ShopStream.Lake.DuckDb;

/// <summary>duckdb_statement_type (the ones the binding tells apart): read-only callers accept only SELECT and EXPLAIN.</summary>
public enum DuckDbStatementType
{
    Invalid = 0,
    Select = 1,
    Insert = 2,
    Update = 3,
    Explain = 4,
    Delete = 5,
    Create = 7,
    Copy = 11,
}
