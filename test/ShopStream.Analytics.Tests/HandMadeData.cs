namespace ShopStream.Analytics.Tests;

/// <summary>Small inputs whose gold numbers are worked out by hand in the tests' comments.</summary>
internal static class HandMadeData
{
    public const string Rees46Header = "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n";

    /// <summary>
    /// Two days of REES46 clicks. 2019-10-01: user 1 views, carts and buys product 100 (100.00) in one session; user 2
    /// views product 200 twice an hour apart (two sessions). 2019-10-02: user 1 buys product 101 (20.00); user 3 views
    /// and buys product 100 and buys product 300 (5.00, no category or brand) in one session.
    /// </summary>
    public const string Clicks = Rees46Header
        + "2019-10-01 10:00:00 UTC,view,100,1,electronics.smartphone,apple,100.00,1,s1\n"
        + "2019-10-01 10:05:00 UTC,cart,100,1,electronics.smartphone,apple,100.00,1,s1\n"
        + "2019-10-01 10:10:00 UTC,purchase,100,1,electronics.smartphone,apple,100.00,1,s1\n"
        + "2019-10-01 11:00:00 UTC,view,200,2,appliances.kitchen,bosch,50.00,2,s2\n"
        + "2019-10-01 12:00:00 UTC,view,200,2,appliances.kitchen,bosch,50.00,2,s3\n"
        + "2019-10-02 09:00:00 UTC,purchase,101,1,electronics.smartphone,samsung,20.00,1,s4\n"
        + "2019-10-02 09:30:00 UTC,view,100,1,electronics.smartphone,apple,100.00,3,s5\n"
        + "2019-10-02 09:31:00 UTC,purchase,100,1,electronics.smartphone,apple,100.00,3,s5\n"
        + "2019-10-02 09:32:00 UTC,purchase,300,,,,5.00,3,s5\n";

    /// <summary>The same clicks plus a purchase by user 2 on 2019-10-02, which changes user 2's segment.</summary>
    public const string ClicksWithUser2Buying = Clicks
        + "2019-10-02 15:00:00 UTC,purchase,200,2,appliances.kitchen,bosch,50.00,2,s6\n";

    /// <summary>
    /// Orders over four months of 2011: customer 201 buys in January (10.00), February (20.00) and April (5.00);
    /// 202 in January only (2 x 3.00); 203 in February (7.00) and March (8.00).
    /// </summary>
    public const string MonthlyOrders = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
        + "500001,20001,A,1,2011-01-10 10:00:00,10.00,201.0,United Kingdom\n"
        + "500002,20002,B,1,2011-02-10 10:00:00,20.00,201.0,United Kingdom\n"
        + "500003,20003,C,1,2011-04-10 10:00:00,5.00,201.0,United Kingdom\n"
        + "500004,20004,D,2,2011-01-20 10:00:00,3.00,202.0,France\n"
        + "500005,20005,E,1,2011-02-05 10:00:00,7.00,203.0,Germany\n"
        + "500006,20006,F,1,2011-03-05 10:00:00,8.00,203.0,Germany\n";
}
