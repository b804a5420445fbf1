namespace ShopStream.Generator.Output;

/// <summary>What a format pre-renders once per session (user, session id, device, campaign).</summary>
internal readonly record struct SessionInfo(
    long UserId, ulong SessionHi, ulong SessionLo, int Template, uint Ip, int Profile, long SignupSecond, int Channel, int Campaign, bool Guest);
