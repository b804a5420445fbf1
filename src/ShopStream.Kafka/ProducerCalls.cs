using Confluent.Kafka;

namespace ShopStream.Kafka;

/// <summary>The two producer calls every writer here makes the same way: produce when there is room, flush or fail.</summary>
internal static class ProducerCalls
{
    /// <summary>
    /// Produces <paramref name="message"/>; while the client's local queue is full, lets deliveries drain it and
    /// tries again (a fast writer waits for the broker instead of failing).
    /// </summary>
    public static void ProduceWhenRoom(
        this IProducer<byte[], byte[]> producer, TopicPartition target, Message<byte[], byte[]> message, Action<DeliveryReport<byte[], byte[]>> report)
    {
        while (true)
        {
            try
            {
                producer.Produce(target, message, report);
                return;
            }
            catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    /// <summary>Waits until every produced message is acknowledged; throws when some are not within <paramref name="timeout"/>.</summary>
    /// <param name="what">The messages, for the error: "orders to shop.orders".</param>
    public static void FlushAll(this IProducer<byte[], byte[]> producer, TimeSpan timeout, string what)
    {
        if (producer.Flush(timeout) > 0)
            throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"{what} were not acknowledged within {timeout.TotalSeconds:N0} s"));
    }
}
