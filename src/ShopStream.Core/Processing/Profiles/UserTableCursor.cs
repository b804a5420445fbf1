namespace ShopStream.Core.Processing.Profiles;

/// <summary>The users of a table in the order of <paramref name="slotsById"/> (user id order), each read in its slot.</summary>
internal sealed class UserTableCursor(UserTable table, int[] slotsById) : RowCursor<UserState>
{
    private int _at = -1;

    public override ref readonly UserState Current => ref table[slotsById[_at]];

    public override bool MoveNext() => ++_at < slotsById.Length;
}

/// <summary>A user state's id, for merging partitions' cursors.</summary>
internal readonly struct UserStateId : IUserIdOf<UserState>
{
    public static long UserId(in UserState row) => row.UserId;
}
