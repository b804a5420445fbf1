using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ShopStream.Core.Ingest;
using ShopStream.Core.Validation;
using ShopStream.Tests;

namespace ShopStream.Api.Tests;

public sealed class CollectorTests
{
    private static string Event(string id, long user = 7, string type = "view", string time = "2019-10-01T03:00:00Z") =>
        $$"""{"event_id":"{{id}}","event_time":"{{time}}","event_type":"{{type}}","user_id":{{user}},"product_id":11,"price":"5.25"}""";

    private static HttpRequestMessage Post(string url, string body, string? key = ApiFactory.WriteKey, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> Send(HttpClient client, HttpRequestMessage request)
    {
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    [Fact]
    public async Task One_event_is_acknowledged_with_202_and_is_in_the_log()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        var (status, body, _) = await Send(client, Post("/api/collect", Event("e-1", user: 12345)));
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        var logged = Assert.Single(LogContents.Read(factory.Collector.Log)).Event;
        Assert.Equal("e-1", logged.SourceEventId);
        Assert.Equal(12345, logged.UserId);
        Assert.Equal(5.25m, logged.Price);
        Assert.Equal(new DateTime(2019, 10, 1, 3, 0, 0, DateTimeKind.Utc), logged.EventTime);
    }

    [Fact]
    public async Task A_log_folder_removed_under_the_server_makes_writes_503_not_202_into_deleted_files()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await Send(client, Post("/api/collect", Event("e-1")))).Status);

        Directory.Delete(factory.Collector.Log is ShopStream.Core.Log.Embedded.FileEventLog file ? file.Directory : throw new InvalidOperationException(), recursive: true);
        var (status, body, _) = await Send(client, Post("/api/collect", Event("e-2")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status); // was 202, the event in a deleted file
        Assert.Contains("event log folder was removed, moved or replaced", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Order_and_attribution_details_are_validated_and_kept_in_the_log()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        string details = ",\"payment_method\":\"card\",\"tax\":\"0.88\",\"shipping\":4.99,\"channel\":\"email\",\"utm_campaign\":\"week_3\"}";
        string batch = "[" + Event("ok")[..^1] + details + "," + Event("bad")[..^1] + ",\"tax\":-1}" + "]";

        var (status, body, _) = await Send(client, Post("/api/collect/batch", batch));

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("price", body.GetProperty("errors")[0].GetProperty("reason").GetString());
        var logged = Assert.Single(LogContents.Read(factory.Collector.Log)).Event;
        Assert.Equal(
            new ShopStream.Core.Events.EventDetails { PaymentMethod = "card", Tax = 0.88m, Shipping = 4.99m, Channel = "email", UtmCampaign = "week_3" },
            logged.Details);
    }

    [Fact]
    public async Task A_batch_accepts_its_valid_events_and_lists_the_others_by_index()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        string batch = "[" + string.Join(",",
            Event("a"), Event("b", time: "yesterday"), "42", Event("c", type: "like"), Event("d", user: -3), Event("e")) + "]";
        var (status, body, _) = await Send(client, Post("/api/collect/batch", batch));
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal(4, body.GetProperty("rejected").GetInt32());
        var errors = body.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("index").GetInt32(), e.GetProperty("reason").GetString())).ToArray();
        Assert.Equal([(1, "event_time"), (2, "json"), (3, "event_type"), (4, "id")], errors);
        Assert.Equal(["a", "e"], LogContents.Read(factory.Collector.Log).Select(x => x.Event.SourceEventId!).Order().ToArray());

        // Each rejected event is kept, raw, beside the log (they were only answered and counted in /metrics).
        var deadLetters = File.ReadAllLines(Path.Combine(factory.Folder, "rejected", "collector.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal([(2L, "event_time"), (3L, "json"), (4L, "event_type"), (5L, "id")], deadLetters.Select(d => (d.GetProperty("line").GetInt64(), d.GetProperty("reason").GetString())));
        Assert.All(deadLetters, d => Assert.Equal("collector", d.GetProperty("source").GetString()));
        Assert.Equal("42", deadLetters[1].GetProperty("raw").GetString());
        Assert.Equal(Event("b", time: "yesterday"), deadLetters[0].GetProperty("raw").GetString());
    }

    [Fact]
    public async Task An_event_nested_deeper_than_events_go_is_rejected_alone_not_the_whole_array()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        // Valid JSON, 40 levels deep: the array was refused whole as malformed JSON (its reader stopped at 16 levels).
        string deep = Event("deep")[..^1] + ",\"extra\":" + new string('[', 40) + new string(']', 40) + "}";
        var (status, body, _) = await Send(client, Post("/api/collect/batch", "[" + Event("a") + "," + deep + "," + Event("b") + "]"));
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal((1, "json"), (error.GetProperty("index").GetInt32(), error.GetProperty("reason").GetString()));
        Assert.Equal(["a", "b"], LogContents.Read(factory.Collector.Log).Select(x => x.Event.SourceEventId!).Order().ToArray());
    }

    [Fact]
    public async Task Rejected_events_are_kept_when_the_caller_stops_waiting_and_before_the_collector_closes()
    {
        using var folder = new TempFolder();
        var collector = new ShopStream.Api.Collector.EventCollectorBuilder(Path.Combine(folder.Path, "log")).Build();
        var reject = new ShopStream.Api.Collector.RejectedEvent(0, RejectReason.Json, "x"u8.ToArray(), 1);

        // A client that went away: its request stops waiting, the writer task still writes what it queued. The
        // writer may finish before the call returns (Task.WaitAsync then ignores the token): either way is right, and
        // asserting the cancellation failed CI once.
        try
        {
            await collector.AppendAsync([], [reject], new CancellationToken(canceled: true));
        }
        catch (OperationCanceledException)
        {
            // the caller stopped waiting
        }

        await collector.DisposeAsync();

        var kept = JsonDocument.Parse(Assert.Single(File.ReadAllLines(Path.Combine(folder.Path, "rejected", "collector.jsonl")))).RootElement;
        Assert.Equal("json", kept.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task An_event_over_the_size_limit_is_kept_cut_to_a_kibibyte_and_a_reopened_file_is_appended_to()
    {
        string big = "{\"event_time\":\"2019-10-01T03:00:00Z\",\"brand\":\"" + new string('b', 70_000) + "\"}";
        using var copy = new TempFolder();
        string file = copy.File("collector.jsonl");
        using (var factory = new ApiFactory(o => o with { MaxBatchBytes = 1 << 20 }))
        {
            using var client = factory.CreateClient();
            var (status, _, _) = await Send(client, Post("/api/collect/batch", Event("ok") + "\n" + big));
            Assert.Equal(HttpStatusCode.Accepted, status);
            File.Copy(Path.Combine(factory.Folder, "rejected", "collector.jsonl"), file); // written before the answer
        }

        var kept = JsonDocument.Parse(Assert.Single(File.ReadAllLines(file))).RootElement;
        Assert.Equal("too_large", kept.GetProperty("reason").GetString());
        Assert.Equal(1024, kept.GetProperty("raw").GetString()!.Length);
        Assert.Equal(big.Length, kept.GetProperty("raw_bytes").GetInt64());
        Assert.True(kept.GetProperty("truncated").GetBoolean());

        // A crash that cut the last line short: the next dead letter starts a line of its own.
        File.AppendAllText(file, "{\"source\":\"coll");
        using var again = new ShopStream.Api.Collector.CollectorDeadLetters(file);
        again.Write([new ShopStream.Api.Collector.RejectedEvent(0, ShopStream.Core.Validation.RejectReason.Json, "x"u8.ToArray(), 1)]);
        again.Dispose();
        var counts = ShopStream.Core.Log.CollectorRejects.CountByReason(file);
        Assert.Equal((1L, 2L), (counts[(int)ShopStream.Core.Validation.RejectReason.TooLarge], counts[(int)ShopStream.Core.Validation.RejectReason.Json]));
    }

    [Fact]
    public async Task An_event_more_than_a_day_ahead_of_the_clock_is_rejected_as_event_time_unless_the_bound_is_off()
    {
        static string At(TimeSpan ahead) => (DateTime.UtcNow + ahead).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        string batch = "[" + Event("soon", time: At(TimeSpan.FromHours(1))) + "," + Event("far", time: At(TimeSpan.FromDays(2))) + "]";

        using (var factory = new ApiFactory())
        {
            using var client = factory.CreateClient();
            var (status, body, _) = await Send(client, Post("/api/collect/batch", batch));
            Assert.Equal(HttpStatusCode.Accepted, status);
            var error = Assert.Single(body.GetProperty("errors").EnumerateArray()); // a wrong clock's event made every later one late
            Assert.Equal((1, "event_time"), (error.GetProperty("index").GetInt32(), error.GetProperty("reason").GetString()));
            Assert.Equal(["soon"], LogContents.Read(factory.Collector.Log).Select(x => x.Event.SourceEventId!).ToArray());
        }

        using (var unbounded = new ApiFactory(o => o with { MaxFuture = TimeSpan.Zero }))
        {
            using var client = unbounded.CreateClient();
            var (status, body, _) = await Send(client, Post("/api/collect/batch", batch));
            Assert.Equal((HttpStatusCode.Accepted, 2), (status, body.GetProperty("accepted").GetInt32()));
        }
    }

    [Fact]
    public async Task A_json_lines_batch_is_read_line_by_line_skipping_blank_lines()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        string lines = Event("x") + "\r\n\n" + Event("y", user: 99) + "\n{\"event_time\":\n";
        var (status, body, _) = await Send(client, Post("/api/collect/batch", lines, contentType: "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(2, error.GetProperty("index").GetInt32());
        Assert.Equal("json", error.GetProperty("reason").GetString());
        Assert.Equal(2, LogContents.Read(factory.Collector.Log).Count);
    }

    [Fact]
    public async Task The_collector_validates_exactly_as_the_json_lines_file_reader()
    {
        // Every kind of record the reader rejects, and some it accepts, through both paths.
        string[] records =
        [
            Event("ok-1"),
            """{"event_time":"2019-10-01T03:00:00Z","event_type":"purchase","user_id":"abc","product_id":"12","price":3,"quantity":2}""",
            """{"event_time":"2019-10-01 03:00:00 UTC","event_type":"view","user_id":1,"product_id":1,"price":1}""",
            """{"event_time":"3019-10-01T03:00:00Z","event_type":"view","user_id":1,"product_id":1,"price":1}""",
            """{"event_type":"view","user_id":1,"product_id":1,"price":1}""",
            """{"event_time":"2019-10-01T03:00:00Z","event_type":"view","user_id":0,"product_id":1,"price":1}""",
            """{"event_time":"2019-10-01T03:00:00Z","event_type":"view","user_id":1,"product_id":1,"price":-1}""",
            """{"event_time":"2019-10-01T03:00:00Z","event_type":"view","user_id":1,"product_id":1,"price":"x"}""",
            """{"event_time":"2019-10-01T03:00:00Z","event_type":"view","user_id":1,"product_id":1}""",
            """{"event_time":"2019-10-01T03:00:00Z","event_type":"search","user_id":1}""",
            """[1,2]""",
            """{"event_time":"2019-10-01T03:00:00Z","event_type":"view","user_id":1,"product_id":1,"price":1,"brand":"\ud800"}""",
            """{"event_time":"2019-10-01T03:00:00Z","event_type":"view","user_id":1,"product_id":1,"price":1,"brand":"a\u0000"}""",
            """{"event_time":"2019-10-01T03:00:00Z","event_type":"purchase","user_id":1,"product_id":1,"price":50000000000000000000000000000}""",
            """{"event_time":"2019-10-01T03:00:00Z","event_type":"purchase","user_id":1,"product_id":1,"price":1,"quantity":2147483647}""",
            "{\"event_time\":\"2019-10-01T03:00:00Z\",\"event_type\":\"view\",\"user_id\":1,\"product_id\":1,\"price\":1,\"brand\":\"" + new string('b', 70_000) + "\"}",
        ];
        using var folder = new TempFolder();
        File.WriteAllLines(folder.File("events.jsonl"), records);
        var rejects = new Dictionary<long, RejectReason>();
        var reader = new EventReader(InputFiles.Resolve(folder.File("events.jsonl")), InputFormat.JsonLines, new Sink(rejects));
        reader.ReadAll(_ => { });
        var expected = records.Select((_, i) => rejects.TryGetValue(i + 1, out var r) ? RejectReasons.Name(r) : null).ToArray();
        Assert.Contains(expected, e => e is null);
        Assert.True(expected.Distinct().Count() >= 6, "the records cover several reasons");
        Assert.Equal(new string?[] { "encoding", "encoding", "price", "number" }, expected[11..15]); // a lone surrogate was a 500

        using var factory = new ApiFactory(o => o with { MaxBatchBytes = 1 << 20 });
        using var client = factory.CreateClient();
        var (status, body, _) = await Send(client, Post("/api/collect/batch", string.Join("\n", records)));
        Assert.Equal(HttpStatusCode.Accepted, status);
        var actual = new string?[records.Length];
        foreach (var e in body.GetProperty("errors").EnumerateArray())
            actual[e.GetProperty("index").GetInt32()] = e.GetProperty("reason").GetString();
        Assert.Equal(expected, actual);
        Assert.Equal(expected.Count(e => e is null), LogContents.Read(factory.Collector.Log).Count);
    }

    private sealed class Sink(Dictionary<long, RejectReason> rejects) : IRejectSink
    {
        public void Reject(string source, long line, RejectReason reason, ReadOnlySpan<byte> raw, long rawLength) => rejects[line] = reason;
    }

    [Fact]
    public async Task Writes_without_a_key_are_401_and_with_a_wrong_key_403_and_nothing_is_appended()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        var (status, body, response) = await Send(client, Post("/api/collect", Event("n"), key: null));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("write key is required", body.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(client, Post("/api/collect/batch", Event("n"), key: "write-key-guessed-wrong"))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(client, Post("/api/collect", Event("n"), key: ApiFactory.WriteKey + "x"))).Status);

        using var header = new HttpRequestMessage(HttpMethod.Post, "/api/collect") { Content = new StringContent(Event("h")) };
        header.Headers.Add("X-Write-Key", ApiFactory.OtherWriteKey);
        Assert.Equal(HttpStatusCode.Accepted, (await Send(client, header)).Status);
        // X-Write-Key wins over a Bearer key (a client's read key, say, sent on every request): it was refused, 403.
        using var both = Post("/api/collect", Event("b"), key: "a-read-key-sent-as-bearer");
        both.Headers.Add("X-Write-Key", ApiFactory.WriteKey);
        Assert.Equal(HttpStatusCode.Accepted, (await Send(client, both)).Status);
        Assert.Equal(["b", "h"], LogContents.Read(factory.Collector.Log).Select(x => x.Event.SourceEventId!).Order().ToArray());
    }

    [Fact]
    public async Task Without_configured_write_keys_every_write_is_refused()
    {
        using var factory = new ApiFactory(o => o with { WriteKeys = [] });
        using var client = factory.CreateClient();
        var (status, body, _) = await Send(client, Post("/api/collect", Event("n")));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("no write keys", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Batches_over_the_event_or_byte_limit_are_413_and_nothing_of_them_is_appended()
    {
        using var factory = new ApiFactory(o => o with { MaxBatchEvents = 5, MaxBatchBytes = 4096 });
        using var client = factory.CreateClient();
        var six = "[" + string.Join(",", Enumerable.Range(0, 6).Select(i => Event("e" + i))) + "]";
        var (status, body, _) = await Send(client, Post("/api/collect/batch", six));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("at most 5 events", body.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Send(client, Post("/api/collect/batch", string.Join("\n", Enumerable.Range(0, 6).Select(i => Event("l" + i)))))).Status);

        var big = "[" + Event("big").Replace("\"price\"", "\"pad\":\"" + new string('p', 5000) + "\",\"price\"", StringComparison.Ordinal) + "]";
        (status, body, _) = await Send(client, Post("/api/collect/batch", big));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("4096 bytes", body.GetProperty("error").GetString());

        // A chunked body (no Content-Length) is cut off at the limit too.
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/collect/batch") { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))) };
        chunked.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiFactory.WriteKey);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Send(client, chunked)).Status);

        Assert.Equal(HttpStatusCode.Accepted, (await Send(client, Post("/api/collect/batch", "[" + string.Join(",", Enumerable.Range(0, 5).Select(i => Event("k" + i))) + "]"))).Status);
        Assert.Equal(5, LogContents.Read(factory.Collector.Log).Count);
    }

    private static HttpRequestMessage PostGzip(string url, byte[] body, string encoding = "gzip")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        request.Content.Headers.ContentEncoding.Add(encoding);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiFactory.WriteKey);
        return request;
    }

    private static byte[] Gzip(string text)
    {
        using var packed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(packed, System.IO.Compression.CompressionLevel.Optimal))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        return packed.ToArray();
    }

    [Fact]
    public async Task A_gzipped_batch_is_inflated_and_its_events_accepted_one_gzipped_event_too()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        // Two gzip members end to end, as a client appending compressed chunks sends them: both are read.
        var lines = Gzip(Event("g1") + "\n" + Event("g2", time: "later") + "\n").Concat(Gzip(Event("g3") + "\n")).ToArray();

        var (status, body, _) = await Send(client, PostGzip("/api/collect/batch", lines, "x-gzip"));
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal((1, "event_time"), (body.GetProperty("errors")[0].GetProperty("index").GetInt32(), body.GetProperty("errors")[0].GetProperty("reason").GetString()));
        // The dead letter keeps the event as it was inflated, not the compressed bytes.
        var deadLetter = JsonDocument.Parse(File.ReadAllLines(Path.Combine(factory.Folder, "rejected", "collector.jsonl")).Single()).RootElement;
        Assert.Equal(Event("g2", time: "later"), deadLetter.GetProperty("raw").GetString());

        (status, _, _) = await Send(client, PostGzip("/api/collect", Gzip(Event("g4"))));
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(["g1", "g3", "g4"], LogContents.Read(factory.Collector.Log).Select(x => x.Event.SourceEventId!).Order().ToArray());
    }

    [Fact]
    public async Task A_gzipped_body_that_inflates_past_the_limit_is_413_and_nothing_of_it_is_appended()
    {
        using var factory = new ApiFactory(o => o with { MaxBatchBytes = 4096 });
        using var client = factory.CreateClient();
        // 100 events compress to well under 4 KiB and inflate to about 13 KiB.
        var many = string.Join("\n", Enumerable.Range(0, 100).Select(i => Event("z" + i)));
        var packed = Gzip(many);
        Assert.True(packed.Length < 4096, $"{packed.Length} bytes");

        var (status, body, _) = await Send(client, PostGzip("/api/collect/batch", packed));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("the body inflates to more than the limit of 4096 bytes", body.GetProperty("error").GetString());
        Assert.Empty(LogContents.Read(factory.Collector.Log));
    }

    [Fact]
    public async Task A_form_upload_is_415_not_its_framing_lines_dead_lettered()
    {
        // curl -F file=@events.json: one event accepted and the form's four framing lines rejected as json, counted.
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        using var form = new MultipartFormDataContent { { new StringContent(Event("in-a-form")), "file", "events.json" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/collect/batch") { Content = form };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiFactory.WriteKey);

        var (status, body, _) = await Send(client, request);
        var (plain, _, _) = await Send(client, Post("/api/collect/batch", Event("plain"), contentType: "application/x-www-form-urlencoded")); // curl -d @FILE

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.StartsWith("Content-Type 'multipart/form-data' is not supported: send the events as the body itself", body.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Accepted, plain);
        Assert.Single(LogContents.Read(factory.Collector.Log));
        var deadLetters = Path.Combine(factory.Folder, "rejected", "collector.jsonl");
        Assert.True(!File.Exists(deadLetters) || new FileInfo(deadLetters).Length == 0);
    }

    [Fact]
    public async Task A_cut_short_or_damaged_gzip_body_is_400_and_another_encoding_415()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        var whole = Gzip(string.Join("\n", Enumerable.Range(0, 20).Select(i => Event("t" + i))));

        // Cut short: .NET's own GZipStream would have inflated the first events and ended quietly.
        var (status, body, _) = await Send(client, PostGzip("/api/collect/batch", whole[..(whole.Length / 2)]));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Content-Encoding is gzip, but the gzip data ends before its last member does: it is truncated", body.GetProperty("error").GetString());

        (status, body, _) = await Send(client, PostGzip("/api/collect/batch", Encoding.UTF8.GetBytes(Event("plain"))));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("Content-Encoding is gzip, but the gzip data is damaged (", body.GetProperty("error").GetString());

        HttpResponseMessage response;
        (status, body, response) = await Send(client, PostGzip("/api/collect/batch", whole, "br"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal("Content-Encoding 'br' is not supported: send the body as it is, or gzip once", body.GetProperty("error").GetString());
        Assert.Equal("gzip", Assert.Single(response.Headers.GetValues("Accept-Encoding")));
        // Gzipped twice is not inflated once and taken for JSON.
        var twice = PostGzip("/api/collect/batch", Gzip(Encoding.UTF8.GetString(whole)));
        twice.Content!.Headers.ContentEncoding.Add("gzip");
        (status, body, _) = await Send(client, twice);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.StartsWith("gzip applied twice is not supported", body.GetProperty("error").GetString());
        var twiceX = PostGzip("/api/collect/batch", Gzip(Encoding.UTF8.GetString(whole)), "x-gzip");
        twiceX.Content!.Headers.ContentEncoding.Add("X-GZIP");
        (status, body, _) = await Send(client, twiceX);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.StartsWith("gzip applied twice is not supported", body.GetProperty("error").GetString()); // was "Content-Encoding 'X-GZIP' is not supported"

        Assert.Empty(LogContents.Read(factory.Collector.Log));
        var deadLetters = Path.Combine(factory.Folder, "rejected", "collector.jsonl");
        Assert.True(!File.Exists(deadLetters) || new FileInfo(deadLetters).Length == 0);
    }

    [Theory]
    [InlineData("[{\"event_time\":", "malformed JSON")]
    [InlineData("[1,2", "malformed JSON")]
    [InlineData("[] trailing", "malformed JSON")]
    [InlineData("[]", "the batch holds no event")]
    [InlineData("   \n ", "no event")]
    [InlineData("", "no event")]
    public async Task Malformed_or_empty_bodies_are_400_with_the_reason(string bodyText, string reason)
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        var (status, body, _) = await Send(client, Post("/api/collect/batch", bodyText));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(reason, body.GetProperty("error").GetString());
        Assert.Empty(LogContents.Read(factory.Collector.Log));
    }

    [Fact]
    public async Task A_byte_order_mark_before_the_body_is_skipped()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/collect") { Content = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Event("bom"))]) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiFactory.WriteKey);

        var (status, body, _) = await Send(client, request);

        Assert.True(status == HttpStatusCode.Accepted, body.ToString());
        Assert.Equal(["bom"], LogContents.Read(factory.Collector.Log).Select(x => x.Event.SourceEventId!).ToArray());
    }

    [Fact]
    public async Task A_request_whose_every_event_is_invalid_is_400_with_the_errors()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        var (status, body, _) = await Send(client, Post("/api/collect", Event("bad", type: "nope")));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("event_type", body.GetProperty("errors")[0].GetProperty("reason").GetString());
        Assert.Equal("no valid event: 1 rejected (see errors)", body.GetProperty("error").GetString()); // as every error answer has
        (status, body, _) = await Send(client, Post("/api/collect", "hello"));
        Assert.Equal("json", body.GetProperty("errors")[0].GetProperty("reason").GetString());
        (status, body, _) = await Send(client, Post("/api/collect/batch", "[1,2,3]"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(3, body.GetProperty("rejected").GetInt32());

        // Their dead letters are written, but nothing went into the log: no group commit (each counted one).
        Assert.Equal(0, factory.Collector.Commits);
        Assert.Equal(0, factory.Collector.Appended);
    }

    [Fact]
    public async Task A_key_over_its_rate_gets_429_with_Retry_After_while_other_keys_go_on()
    {
        // No refill during the test: the limiter's 1 s timer came round between two requests now and then (202, not 429).
        using var factory = new ApiFactory(o => o with { RateLimitPerSecond = 1, RateLimitBurst = 2, RateLimitRefill = TimeSpan.FromHours(1) });
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await Send(client, Post("/api/collect", Event("r1")))).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await Send(client, Post("/api/collect", Event("r2")))).Status);
        var (status, body, response) = await Send(client, Post("/api/collect", Event("r3")));
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {response.Headers.RetryAfter}");
        Assert.StartsWith("too many requests for this write key: retry after", body.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await Send(client, Post("/api/collect", Event("o1"), key: ApiFactory.OtherWriteKey))).Status);
        // Requests without a valid key share a limit of their own, and their 429 says so rather than blaming a key.
        for (int i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Forbidden, (await Send(client, Post("/api/collect", Event("w"), key: "wrong"))).Status);
        (status, body, _) = await Send(client, Post("/api/collect", Event("n"), key: null));
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.StartsWith("too many requests without a valid write key", body.GetProperty("error").GetString());
        Assert.Equal(["o1", "r1", "r2"], LogContents.Read(factory.Collector.Log).Select(x => x.Event.SourceEventId!).Order().ToArray());
    }

    [Fact]
    public async Task Every_event_acknowledged_under_concurrent_load_is_in_the_log_exactly_once()
    {
        using var factory = new ApiFactory(o => o with { RateLimitPerSecond = 0 });
        using var client = factory.CreateClient();
        const int requests = 40, perRequest = 25;
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, requests), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (r, _) =>
        {
            var ids = Enumerable.Range(0, perRequest).Select(i => $"c{r}-{i}").ToArray();
            var body = "[" + string.Join(",", ids.Select((id, i) => Event(id, user: 1 + r * perRequest + i))) + "]";
            var (status, _, _) = await Send(client, Post("/api/collect/batch", body));
            Assert.Equal(HttpStatusCode.Accepted, status);
            foreach (var id in ids)
                acknowledged.Add(id);
        });

        var logged = LogContents.Read(factory.Collector.Log).Select(x => x.Event.SourceEventId!).ToArray();
        Assert.Equal(requests * perRequest, acknowledged.Count);
        Assert.Equal(acknowledged.Order(), logged.Order());
        Assert.True(factory.Collector.Commits <= requests, "group commit never makes more appends than requests");
        Assert.Equal(2, LogContents.Read(factory.Collector.Log).Select(x => x.Partition).Distinct().Count());
    }

    [Fact]
    public async Task The_log_survives_a_restart_and_the_stream_time_continues_from_it()
    {
        using var factory = new ApiFactory();
        using (var client = factory.CreateClient())
            Assert.Equal(HttpStatusCode.Accepted, (await Send(client, Post("/api/collect", Event("late-start", time: "2019-10-05T00:00:00Z")))).Status);
        var log = factory.Collector.Log;
        Assert.Single(LogContents.Read(log));
        await factory.Collector.DisposeAsync();

        await using var reopened = new Collector.EventCollectorBuilder(factory.Options.LogDirectory).Build();
        await reopened.AppendAsync([Parse(Event("older", time: "2019-10-01T00:00:00Z"))]);
        var events = LogContents.Read(reopened.Log);
        Assert.Equal(["late-start", "older"], events.Select(e => e.Event.SourceEventId!).Order().ToArray());
        var batch = new Core.Log.LogReadBatch();
        foreach (var partition in Enumerable.Range(0, reopened.Log.Partitions))
        {
            using var reader = reopened.Log.OpenReader(partition, 0);
            while (reader.Read(batch) > 0)
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    Core.Log.LoggedEvent.Read(batch[i].Payload, out _, out long streamMax);
                    Assert.Equal(new DateTime(2019, 10, 5, 0, 0, 0, DateTimeKind.Utc).Ticks, streamMax);
                }
            }
        }
    }

    [Fact]
    public void A_collector_that_cannot_start_on_its_log_leaves_the_log_closed()
    {
        using var temp = new TempFolder();
        string directory = temp.File("log");
        // A record too short to hold the stream time a collector resumes from (not one a collector wrote).
        using (var log = new Core.Log.Embedded.FileEventLogBuilder(directory).WithOptions(new Core.Log.Embedded.FileEventLogOptions { Partitions = 1 }).Build())
        {
            var batch = new Core.Log.LogBatch();
            batch.Add(1, 0, [1, 2]);
            log.Append(0, batch);
        }

        var error = Assert.Throws<InvalidDataException>(() => new Collector.EventCollectorBuilder(directory).WithPartitions(1).Build());
        Assert.Contains("partition 0 ends in a record that is not a logged event (offset 0, 2 bytes)", error.Message);

        // Closed, not waiting for a garbage collection: the folder opens again at once.
        using var reopened = new Core.Log.Embedded.FileEventLogBuilder(directory).WithOptions(new Core.Log.Embedded.FileEventLogOptions { Partitions = 1 }).Build();
        Assert.Equal(1, reopened.EndOffset(0));
    }

    [Fact]
    public async Task Pipeline_and_metrics_report_the_consumer_groups_lag_per_partition()
    {
        using var factory = new ApiFactory(o => o with { ConsumerGroup = "proc" });
        using var client = factory.CreateClient();
        string batch = "[" + string.Join(",", Enumerable.Range(1, 20).Select(u => Event("u" + u, user: u))) + "]";
        Assert.Equal(HttpStatusCode.Accepted, (await Send(client, Post("/api/collect/batch", batch))).Status);
        var log = factory.Collector.Log;
        long inZero = log.EndOffset(0), inOne = log.EndOffset(1);
        Assert.True(inZero > 0 && inOne > 0, "20 users spread over both partitions");

        var pipeline = JsonDocument.Parse(await client.GetStringAsync("/api/pipeline")).RootElement.GetProperty("log");
        Assert.Equal("proc", pipeline.GetProperty("consumer_group").GetString());
        Assert.Equal(20, pipeline.GetProperty("lag").GetInt64());

        log.Commit("proc", 0, inZero); // a processor caught up with partition 0
        log.Commit("other", 1, inOne); // another group's progress changes nothing
        pipeline = JsonDocument.Parse(await client.GetStringAsync("/api/pipeline")).RootElement.GetProperty("log");
        Assert.Equal(inOne, pipeline.GetProperty("lag").GetInt64());
        Assert.Equal([0, inOne], pipeline.GetProperty("lag_by_partition").EnumerateArray().Select(x => x.GetInt64()).ToArray());
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("shopstream_log_lag{partition=\"0\"} 0\n", metrics);
        Assert.Contains($"shopstream_log_lag{{partition=\"1\"}} {inOne}\n", metrics);
    }

    private static Core.Events.ShopEvent Parse(string json)
    {
        Assert.Equal(RejectReason.None, new Collector.BatchParser(1, 65536).ParseOne(Encoding.UTF8.GetBytes(json), out var e));
        return e;
    }

    [Fact]
    public async Task A_chunked_body_past_the_limit_is_413_naming_the_limit_on_a_real_server()
    {
        // Kestrel, not the in-memory test server, refuses a chunked body past the size it was given (the limit plus
        // one byte): its message named that size, 4097.
        using var temp = new TempFolder();
        await using var server = new ShopStreamServerBuilder(new ServeOptions
        {
            OutDirectory = temp.Path, Urls = ["http://127.0.0.1:0"], WriteKeys = [ApiFactory.WriteKey], MaxBatchBytes = 4096,
        }).Build();
        await server.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(server.Addresses[0]) };
        var big = "[" + Event("big").Replace("\"price\"", "\"pad\":\"" + new string('p', 50_000) + "\",\"price\"", StringComparison.Ordinal) + "]";
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/collect/batch") { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))) };
        chunked.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiFactory.WriteKey);
        chunked.Headers.TransferEncodingChunked = true; // no Content-Length to refuse it by

        var (status, body, _) = await Send(client, chunked);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("the body is over the limit of 4096 bytes", body.GetProperty("error").GetString());
    }
}
