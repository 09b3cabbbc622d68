package dev.merchantnotify.merchant;

/**
 * Any change of a merchant's status: observe this type to hear of all four ({@link BreakerOpened},
 * {@link BreakerClosed}, {@link MerchantTurnedSlow}, {@link MerchantRecovered}).
 */
public sealed interface MerchantStatusChange permits BreakerOpened, BreakerClosed, MerchantTurnedSlow, MerchantRecovered {

    String merchantKey();

    String notifyUrl();
}
