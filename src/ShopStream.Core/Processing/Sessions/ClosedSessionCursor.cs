namespace ShopStream.Core.Processing.Sessions;

/// <summary>A partition's closed sessions in the order of <paramref name="order"/> (<see cref="ClosedSessionOrder"/>), each read where it lies.</summary>
internal sealed class ClosedSessionCursor(ChunkedList<SessionRecord> closed, int[] order) : RowCursor<SessionRecord>
{
    private int _at = -1;

    public override ref readonly SessionRecord Current => ref closed[order[_at]];

    public override bool MoveNext() => ++_at < order.Length;
}

/// <summary>A session's user id, for merging partitions' cursors.</summary>
internal readonly struct SessionUserId : IUserIdOf<SessionRecord>
{
    public static long UserId(in SessionRecord row) => row.UserId;
}
